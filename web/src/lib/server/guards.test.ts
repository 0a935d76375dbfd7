import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '$lib/graphql/operations.ts';
import { againKey } from '$lib/step-up.ts';
import { requireAdminFactor, requireStaff, requireViewer, stepUpIfAsked, stepUpReturn } from './guards.ts';
import { safeReturnPath } from './return-path.ts';

const physician: Viewer = {
  id: '1',
  email: 'doc@example.fr',
  emailConfirmed: true,
  role: 'PHYSICIAN',
  verificationStatus: 'UNSUBMITTED',
  staffRoles: [],
  signedInWithSecondFactor: false,
  organization: null,
};
const verifier: Viewer = { ...physician, id: '2', role: 'ADMIN', verificationStatus: 'UNSUBMITTED', staffRoles: ['VERIFIER'], signedInWithSecondFactor: true };

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
    const noFactor = thrown(() => requireStaff(event({ ...verifier, signedInWithSecondFactor: false }, '/verification'), 'VERIFIER'));
    expect(isRedirect(noFactor) && noFactor.location).toBe('/account/second-factor?required=1');
  });
});

describe('admins and their second factor', () => {
  const admin = { ...physician, role: 'ADMIN' as const };

  it('sends an admin signed in without a second factor to the enrolment page; lets one with it through', () => {
    const err = thrown(() => requireAdminFactor({ ...admin, signedInWithSecondFactor: false }));
    expect(isRedirect(err) && err.location).toBe('/account/second-factor?required=1');
    expect(requireAdminFactor({ ...admin, signedInWithSecondFactor: true })).toBeUndefined();
    expect(requireAdminFactor(physician)).toBeUndefined();
  });

  it('sends a STEP_UP_REQUIRED to the re-authentication page, which comes back without the form action', () => {
    const err = thrown(() => stepUpIfAsked(new URL('http://web.test/verification?status=PENDING&/approve'), 'STEP_UP_REQUIRED'));
    expect(isRedirect(err) && err.location).toBe('/step-up?redirectTo=%2Fverification%3Fstatus%3DPENDING');
    expect(stepUpIfAsked(new URL('http://web.test/verification?/approve'), 'FORBIDDEN')).toBeUndefined();
  });

  it('comes back from the step-up with the refused action to do again, and the step-up page keeps it', () => {
    const err = thrown(() => stepUpIfAsked(new URL('http://web.test/orders?after=abc&/markPaid'), 'STEP_UP_REQUIRED', 'markPaid:7f3e'));
    expect(isRedirect(err) && err.location).toBe('/step-up?redirectTo=%2Forders%3Fafter%3Dabc%26again%3DmarkPaid%253A7f3e');
    const back = safeReturnPath(new URL(`http://web.test${(err as { location: string }).location}`).searchParams.get('redirectTo'));
    expect(back).toBe('/orders?after=abc&again=markPaid%3A7f3e');
    expect(againKey(new URL(back, 'http://web.test'))).toBe('markPaid:7f3e');
    // A second refusal does not pile up keys: the page's own "again" is replaced.
    expect(stepUpReturn(new URL('http://web.test/orders?again=markPaid%3A1&/markPaid'), 'markPaid:2')).toBe('/orders?again=markPaid%3A2');
  });
});
