import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import testRules from '../../../scripts/eslint-test-rules.mjs';

// ESLint's RuleTester runs each case as a test through these hooks.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const rule = (name: string) => testRules.rules![name] as Parameters<RuleTester['run']>[1];

tester.run('no-silent-early-return', rule('no-silent-early-return'), {
  valid: [
    // A return that ends the body as written is not early.
    `it('a', async () => { const x = await f(); expect(x).toBe(1); return; });`,
    `it('a', () => { return f().then((x) => expect(x).toBe(1)); });`,
    // An assertion or a printed reason before it, in the same block.
    `it('a', () => { if (f()) { expect(g()).toBeNull(); return; } expect(h()).toBe(1); });`,
    `it('a', () => { if (f()) { console.log('nothing to change on stock: already as strict'); return; } expect(1).toBe(1); });`,
    `it('a', (context) => { if (f()) { context.skip('Windows only'); return; } expect(1).toBe(1); });`,
    `it.each([1])('a %s', (n) => { try { g(n); } catch (error) { expectTyped(error); return; } expect(n).toBe(1); });`,
    // The returned value is itself the assertion.
    `it('a', () => { if (f()) return expect(g()).toBeNull(); expect(1).toBe(1); });`,
    // Returns inside helpers and callbacks are theirs, not the test's.
    `it('a', () => { const xs = [1, 2].map((x) => { if (x > 1) return 0; return x; }); expect(xs).toEqual([1, 0]); });`,
    `describe('d', () => { if (skip) return; it('a', () => expect(1).toBe(1)); });`,
    `function helper() { if (x) return; }`,
  ],
  invalid: [
    {
      code: `it('a', async () => { const outcome = await apply(); if (outcome.status === 'nothing-to-do') return; expect(outcome.status).toBe('applied'); });`,
      errors: [{ messageId: 'silent' }],
    },
    {
      code: `it.each(cases)('$name', async ({ name }) => { if (!name) { return; } expect(name).toBeTruthy(); });`,
      errors: [{ messageId: 'silent' }],
    },
    {
      code: `it.skipIf(x)('a', () => { for (const y of ys) { if (y) return; } expect(1).toBe(1); });`,
      errors: [{ messageId: 'silent' }],
    },
    {
      code: `test('a', function () { return; expect(1).toBe(1); });`,
      errors: [{ messageId: 'silent' }],
    },
    {
      // A fast-check property is a case of its own: it may not end early without a word either.
      code: `fc.assert(fc.property(arb, (text) => { if (!ok(text)) return; expect(parse(text)).toBeDefined(); }));`,
      errors: [{ messageId: 'silent' }],
    },
  ],
});

tester.run('explicit-wait-timeout', rule('explicit-wait-timeout'), {
  valid: [
    `await expect.poll(() => f(), { timeout: 30_000 }).toBe(1);`,
    `await vi.waitFor(() => expect(f()).toBe(1), { timeout: 10_000, interval: 50 });`,
    `await locator.waitFor();`,
  ],
  invalid: [
    { code: `await expect.poll(() => f()).toBe(1);`, errors: [{ messageId: 'implicit' }] },
    { code: `await expect.poll(() => f(), { interval: 5 }).toBe(1);`, errors: [{ messageId: 'implicit' }] },
    { code: `await vi.waitFor(() => expect(f()).toBe(1));`, errors: [{ messageId: 'implicit' }] },
  ],
});
