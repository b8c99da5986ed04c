// Runs Doyensec's Electronegativity. Its dist requires `commander` without declaring it and expects the v6 API
// (the default export being the program); give it exactly that version, whatever the project itself uses.
const Module = require('node:module');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'commander' && parent && parent.filename.includes('@doyensec')) {
    return resolveFilename.call(this, 'commander-v6', parent, ...rest);
  }
  return resolveFilename.call(this, request, parent, ...rest);
};
process.argv = [process.argv[0], 'electronegativity', ...process.argv.slice(2)];
require('@doyensec/electronegativity/dist/index.js');
