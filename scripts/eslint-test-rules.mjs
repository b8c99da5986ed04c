// SinkGuard's own lint rules for tests (wired in eslint.config.js for test/**): a green run must prove what it
// claims. No rule of @vitest/eslint-plugin fits: `expect-expect` accepts any assertion anywhere in the body, so it
// misses an early `return` that ends a case before its assertions without a word.

const TEST_FUNCTIONS = new Set(['it', 'test']);
const PROPERTY_FUNCTIONS = new Set(['property', 'asyncProperty']);
const FUNCTION_TYPES = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration']);

/** The identifier a call chain starts from: `it` for it.each(table)(name, fn), it.skipIf(x)(…), it.concurrent(…). */
function chainRoot(callee) {
  let node = callee;
  for (;;) {
    if (node.type === 'Identifier') return node.name;
    if (node.type === 'MemberExpression') node = node.object;
    else if (node.type === 'CallExpression') node = node.callee;
    else return null;
  }
}

/** Whether `fn` is the body of a test (it/test) or of a fast-check property: a case of its own. */
function isTestBody(fn) {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || !call.arguments.includes(fn)) return false;
  if (TEST_FUNCTIONS.has(chainRoot(call.callee) ?? '')) return call.arguments[0] !== fn;
  const { callee } = call;
  return (
    callee.type === 'MemberExpression' &&
    callee.object.type === 'Identifier' &&
    callee.object.name === 'fc' &&
    callee.property.type === 'Identifier' &&
    PROPERTY_FUNCTIONS.has(callee.property.name) &&
    call.arguments.at(-1) === fn
  );
}

/** A call that asserts (expect…, assert…), prints (console.*) or skips with a reason (context.skip). */
function isAccountableCall(node) {
  if (node.type !== 'CallExpression') return false;
  const name = chainRoot(node.callee) ?? '';
  if (/^(expect|assert)/.test(name)) return true;
  const callee = node.callee;
  if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return false;
  if (name === 'console') return ['log', 'info', 'warn', 'error'].includes(callee.property.name);
  return callee.property.name === 'skip' || /^(expect|assert)/.test(callee.property.name);
}

/** Whether an accountable call appears anywhere inside `node` (not inside nested functions). */
function accounts(node) {
  if (!node || typeof node.type !== 'string') return false;
  if (isAccountableCall(node)) return true;
  if (FUNCTION_TYPES.has(node.type)) return false;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    const children = Array.isArray(value) ? value : [value];
    if (children.some((child) => child && typeof child === 'object' && accounts(child))) return true;
  }
  return false;
}

/** @type {import('eslint').Rule.RuleModule} */
const noSilentEarlyReturn = {
  meta: {
    type: 'problem',
    docs: { description: 'An early return in a test body must follow an assertion or a printed reason.' },
    messages: {
      silent:
        'Early return in a test body with no assertion or printed reason before it: assert what this case shows, or print why it has nothing to do (console.log, context.skip(reason)).',
    },
    schema: [],
  },
  create(context) {
    return {
      ReturnStatement(node) {
        let fn = node.parent;
        while (fn && !FUNCTION_TYPES.has(fn.type)) fn = fn.parent;
        if (!fn || !isTestBody(fn)) return;
        // The last statement of the body ends the test as written: not early.
        if (node.parent === fn.body && fn.body.body.at(-1) === node) return;
        if (accounts(node.argument)) return;
        // What ran before the return in its own block (the `if`'s braces, the catch clause…) must account for it.
        const block = node.parent;
        const siblings =
          block.type === 'BlockStatement' ? block.body : block.type === 'SwitchCase' ? block.consequent : [];
        const before = siblings.slice(0, siblings.indexOf(node));
        if (before.some(accounts)) return;
        context.report({ node, messageId: 'silent' });
      },
    };
  },
};

/** `expect.poll` and `vi.waitFor` wait one second by default: too short on a loaded machine, so say how long. */
const explicitWaitTimeout = {
  meta: {
    type: 'problem',
    docs: { description: 'expect.poll and vi.waitFor take an explicit timeout.' },
    messages: {
      implicit:
        '{{name}} without an explicit timeout waits 1 s, which a loaded machine exceeds: wait on the event, or pass { timeout } sized for a loaded machine.',
    },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier') return;
        if (callee.property.type !== 'Identifier') return;
        const name = `${callee.object.name}.${callee.property.name}`;
        if (name !== 'expect.poll' && name !== 'vi.waitFor') return;
        const options = node.arguments[1];
        const hasTimeout =
          options?.type === 'ObjectExpression' &&
          options.properties.some(
            (property) =>
              property.type === 'Property' &&
              property.key.type === 'Identifier' &&
              property.key.name === 'timeout',
          );
        if (!hasTimeout) context.report({ node, messageId: 'implicit', data: { name } });
      },
    };
  },
};

export default {
  meta: { name: 'sinkguard-tests' },
  rules: { 'no-silent-early-return': noSilentEarlyReturn, 'explicit-wait-timeout': explicitWaitTimeout },
};
