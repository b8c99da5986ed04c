// `node --import ./trace-packages.mjs …`: prints each package the program imports (bare specifiers) on stderr as
// `package NAME`, so the CLI start bench can show which heavy packages a command loads.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    import { writeSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      if (!/^(\\.|\\/|node:|file:|data:)/.test(specifier)) writeSync(2, 'package ' + specifier + '\\n');
      return next(specifier, context);
    }`)}`,
);
