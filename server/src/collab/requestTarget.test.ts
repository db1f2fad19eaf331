import { describe, expect, it } from 'vitest';
import { parseRequestTarget, queryParam } from './requestTarget.ts';

describe('request targets are read as URL reads them, without building one', () => {
  it('gives the path and query URL gives for the targets a client sends', () => {
    const targets = [
      '/yjs/layer:abc',
      '/yjs/layer:abc?token=t0k3n',
      '/yjs/report:R-1?x=1&token=a.b_c-d&y',
      '/yjs/layer:abc?',
      '/yjs/layer:abc?token=a#frag',
      '/yjs/layer:abc#frag?token=a',
      '/socket.io/?EIO=4&transport=websocket',
      '/?',
      '/',
    ];
    for (const t of targets) {
      const url = new URL(t, 'http://x');
      const mine = parseRequestTarget(t);
      expect(mine, t).toEqual({ pathname: url.pathname, query: url.search.replace(/^\?/, '') });
    }
  });

  it('is no target for what is not origin-form', () => {
    for (const t of [undefined, '', 'yjs/layer:abc', '//evil/yjs/layer:abc', '//[', 'http://x/yjs/layer:abc', '*']) expect(parseRequestTarget(t), String(t)).toBeUndefined();
  });

  it('reads a parameter exactly as URLSearchParams does, encoded or not', () => {
    const queries = [
      'token=abc',
      'x=1&token=abc&token=def',
      'token',
      'token=',
      '&&token=a&',
      'xtoken=1&tokenx=2',
      'token=a=b',
      'token=a+b',
      'token=a%20b',
      'token=%zz',
      'to%6Ben=decoded-name',
      'token=%C3%A5%C3%A4',
      'a=1&b=2',
      '',
      '=x&token=y',
    ];
    for (const q of queries) expect(queryParam(q, 'token'), q).toBe(new URLSearchParams(q).get('token'));
  });
});
