import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '$lib/graphql/operations.ts';
import { requireStaff, requireViewer } from './guards.ts';

const physician: Viewer = {
  id: '1',
  email: 'doc@example.fr',
  emailConfirmed: true,
  role: 'PHYSICIAN',
  verificationStatus: 'UNSUBMITTED',
  staffRoles: [],
  organization: null,
};
const verifier: Viewer = { ...physician, id: '2', role: 'ADMIN', verificationStatus: 'UNSUBMITTED', staffRoles: ['VERIFIER'] };

function event(viewer: Viewer | null, path = '/surveys/7?x=1', apiUnavailable = false) {
  return { locals: { viewer, apiUnavailable } as App.Locals, url: new URL(`http://web.test${path}`) };
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('requireViewer', () => {
  it('returns the signed-in account of an allowed role', () => {
    expect(requireViewer(event(physician), ['PHYSICIAN'])).toBe(physician);
    expect(requireViewer(event(physician))).toBe(physician);
  });

  it('sends a visitor to the login page with the way back', () => {
    const err = thrown(() => requireViewer(event(null)));
    expect(isRedirect(err) && err.location).toBe('/login?redirectTo=%2Fsurveys%2F7%3Fx%3D1');
  });

  it('answers 403 to another role', () => {
    const err = thrown(() => requireViewer(event(physician), ['ADMIN']));
    expect(isHttpError(err, 403)).toBe(true);
  });

  it('answers 503 rather than "log in" when the API is down', () => {
    const err = thrown(() => requireViewer(event(null, '/', true)));
    expect(isHttpError(err, 503)).toBe(true);
  });
});

describe('requireStaff', () => {
  it('lets a staff account through to the pages of the roles it holds, and answers 403 for the others', () => {
    expect(requireStaff(event(verifier, '/verification'), 'VERIFIER')).toBe(verifier);
    for (const role of ['MODERATOR', 'REVIEWER', 'FINANCE', 'OWNER'] as const) {
      const err = thrown(() => requireStaff(event(verifier, '/staff'), role));
      expect(isHttpError(err) && err.status).toBe(403);
    }
    const err = thrown(() => requireStaff(event(physician, '/verification'), 'VERIFIER'));
    expect(isHttpError(err) && err.status).toBe(403);
  });
});
