import { describe, expect, it } from 'vitest';
import { allowedAttributes } from './tracing.ts';

describe('what a span may carry out of the process', () => {
  it('keeps the kind of work and drops addresses, URLs with their query strings and user agents', () => {
    expect(
      allowedAttributes({
        'http.request.method': 'GET',
        'http.route': '/graphql',
        'http.response.status_code': 200,
        'url.full': 'http://api/graphql?variables=%7B%22email%22%3A%22a%40b.org%22%7D',
        'url.query': 'variables=%7B%7D',
        'url.path': '/reports/0b7a4c56-3c1e-4c41-9d37-5b2f0a1e9c11.csv',
        'http.target': '/graphql?query=x',
        'client.address': '198.51.100.7',
        'network.peer.address': '198.51.100.7',
        'user_agent.original': 'Mozilla/5.0',
        'db.connection_string': 'postgresql://user:secret@db/consilium',
        'db.postgresql.values': ['a@b.org'],
      }),
    ).toEqual({ 'http.request.method': 'GET', 'http.route': '/graphql', 'http.response.status_code': 200 });
  });

  it('blanks the literals and ids a statement’s text might hold', () => {
    expect(allowedAttributes({ 'db.query.text': "SELECT 1 FROM account WHERE email = 'a@b.org' AND id = '0b7a4c56-3c1e-4c41-9d37-5b2f0a1e9c11' AND x = $1" })).toEqual({
      'db.query.text': "SELECT 1 FROM account WHERE email = '?' AND id = '?' AND x = $1",
    });
  });
});
