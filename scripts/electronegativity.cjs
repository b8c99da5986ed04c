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
// With -o it keeps the files it could not parse to itself (it prints them only without -o): print them to stdout in
// its own words, so a file it never analysed cannot pass as one without findings.
const runnerPath = require.resolve('@doyensec/electronegativity/dist/runner.js');
const run = require(runnerPath);
require.cache[runnerPath].exports = async (options, forCli) => {
  const result = await run(options, forCli);
  for (const error of result?.errors ?? []) {
    console.log(
      `${error.tolerable ? 'Tolerable error parsing' : 'Error parsing'} ${error.file} - ${error.message}`,
    );
  }
  return result;
};
process.argv = [process.argv[0], 'electronegativity', ...process.argv.slice(2)];
require('@doyensec/electronegativity/dist/index.js');
