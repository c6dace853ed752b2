import { describe, expect, it } from 'vitest';
import { messageProductName, PRODUCT_NAME, productNameProblem } from '../../src/domain/product-name.js';

// An organization's product name goes into email subjects and SMS: a line break in it would
// end the Subject header (header injection), a bidi override would reorder what the reader sees.
describe('productNameProblem', () => {
  it.each([
    ['Acme', null],
    ['Acme & <Secure>', null],
    ['安全中心', null],
    ['x'.repeat(60), null],
    ['', 'must not be empty'],
    ['x'.repeat(61), 'must be at most 60 characters'],
    ['Acme\r\nBcc: victim@example.com', 'must not contain control characters or line breaks'],
    ['Acme\n', 'must not contain control characters or line breaks'],
    ['Acme\u0085', 'must not contain control characters or line breaks'],
    ['Acme\u202e', 'must not contain control characters or line breaks'],
    ['Acme\u2029', 'must not contain control characters or line breaks'],
  ])('%j → %j', (name, problem) => {
    expect(productNameProblem(name)).toBe(problem);
  });
});

describe('messageProductName', () => {
  it("is the organization's valid name, else the system's", () => {
    expect(messageProductName('Acme')).toBe('Acme');
    expect(messageProductName(null)).toBe(PRODUCT_NAME);
    expect(messageProductName(undefined)).toBe(PRODUCT_NAME);
    // Stored around the API: never sent.
    expect(messageProductName('Acme\r\nBcc: x@example.com')).toBe(PRODUCT_NAME);
    expect(messageProductName(' Acme ')).toBe(PRODUCT_NAME);
    expect(messageProductName('')).toBe(PRODUCT_NAME);
  });
});
