/** Where the browser shell's page keeps its token: this tab's sessionStorage, never a cookie or the address. */
import { describe, expect, it } from 'vitest';
import { keepToken, TOKEN_STORAGE_KEY, type TokenStorage } from '../../../src-renderer/client/connect.ts';

function memoryStorage(initial: Record<string, string> = {}): TokenStorage & { items: Record<string, string> } {
  const items = { ...initial };
  return { items, getItem: (key) => items[key] ?? null, setItem: (key, value) => void (items[key] = value) };
}

describe('keepToken', () => {
  it('moves the token from the address into storage and cleans the address', () => {
    const storage = memoryStorage();
    expect(keepToken('http://127.0.0.1:5000/?token=abc#data', storage)).toEqual({ token: 'abc', cleanHref: 'http://127.0.0.1:5000/#data' });
    expect(storage.items[TOKEN_STORAGE_KEY]).toBe('abc');
  });

  it('finds the token again after a reload without it in the address', () => {
    const storage = memoryStorage({ [TOKEN_STORAGE_KEY]: 'abc' });
    expect(keepToken('http://127.0.0.1:5000/', storage).token).toBe('abc');
  });

  it('lets a fresh address replace a token kept from an earlier server', () => {
    const storage = memoryStorage({ [TOKEN_STORAGE_KEY]: 'old' });
    expect(keepToken('http://127.0.0.1:5000/?token=new', storage).token).toBe('new');
    expect(storage.items[TOKEN_STORAGE_KEY]).toBe('new');
  });

  it('has no token when neither the address nor the tab holds one, and survives disabled storage', () => {
    expect(keepToken('http://127.0.0.1:5000/', memoryStorage()).token).toBeNull();
    const broken: TokenStorage = {
      getItem: () => {
        throw new Error('disabled');
      },
      setItem: () => {
        throw new Error('disabled');
      },
    };
    expect(keepToken('http://127.0.0.1:5000/?token=abc', broken).token).toBe('abc');
    expect(keepToken('http://127.0.0.1:5000/', broken).token).toBeNull();
  });
});
