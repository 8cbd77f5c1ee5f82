// A list page asked for a page past its end (the list got shorter since the bookmark) shows the last one.
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, pageOrLast } from './list-query';

const items = Array.from({ length: 120 }, (_, i) => i);
const find = (skip: number, take: number) => Promise.resolve({ items: items.slice(skip, skip + take), total: items.length });

describe('a page of a list', () => {
  it('is the page asked for while there is one', async () => {
    const r = await pageOrLast(2, find);
    expect(r).toMatchObject({ page: 2, pages: 3, total: 120 });
    expect(r.items[0]).toBe(PAGE_SIZE);
  });

  it('is the last page when the one asked for is past the end, and page 1 of an empty list', async () => {
    const r = await pageOrLast(9, find);
    expect(r).toMatchObject({ page: 3, pages: 3 });
    expect(r.items).toEqual(items.slice(100));
    expect(await pageOrLast(4, () => Promise.resolve({ items: [], total: 0 }))).toEqual({ items: [], total: 0, page: 1, pages: 1 });
  });
});
