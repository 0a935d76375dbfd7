import type { fr } from './fr.ts';

/** English messages: the same keys and placeholders as `fr.ts` (the type and a test check it). */
export const en: Record<keyof typeof fr, string> = {
  'app.name': 'Consilium',
  'app.tagline': 'The confidential network for physicians',

  'nav.skip': 'Skip to main content',
  'nav.main': 'Main navigation',
  'nav.home': 'Home',
  'nav.login': 'Log in',
  'nav.register': 'Create an account',
  'nav.logout': 'Log out',
  'nav.signedInAs': 'Signed in as {email}',

  'lang.label': 'Language',
  'lang.fr': 'Français',
  'lang.en': 'English',

  'home.title': 'Home',
  'home.anon.heading': 'Physician to physician, in confidence',
  'home.anon.lead':
    'Consilium brings together verified physicians, mostly in France and Belgium, to discuss clinical cases under a pseudonym and to answer surveys commissioned by public agencies and research organisations.',
  'home.anon.physicians.title': 'For physicians',
  'home.anon.physicians.body':
    'Once your licence is verified, you talk with your peers under a stable pseudonym and are paid for the surveys you answer.',
  'home.anon.clients.title': 'For organisations',
  'home.anon.clients.body':
    'Agencies and research organisations commission targeted surveys and receive aggregated, anonymous results.',
  'home.anon.privacy.title': 'Anonymity you can prove',
  'home.anon.privacy.body':
    'Your survey answers cannot be tied to you — not by a client, not by an administrator, not by anyone holding the database.',
  'home.anon.cta': 'Join Consilium',
  'home.anon.haveAccount': 'Already a member?',

  'account.heading': 'Your account',
  'account.email': 'E-mail address',
  'account.role': 'Account type',
  'account.organization': 'Organisation',
  'account.clientNext':
    'Soon you will be able to create surveys for your organisation, follow their response rate and order the reports.',
  'account.adminNext': 'Administration tools (licence verification, survey approval) are coming soon.',

  'role.PHYSICIAN': 'Physician',
  'role.CLIENT': 'Client organisation',
  'role.ADMIN': 'Administrator',

  'verification.heading': 'Licence verification',
  'verification.state': 'Status',
  'verification.status.UNSUBMITTED': 'Not submitted',
  'verification.status.PENDING': 'Under review',
  'verification.status.VERIFIED': 'Verified',
  'verification.status.REJECTED': 'Rejected',
  'verification.status.REVOKED': 'Revoked',
  'verification.explain.UNSUBMITTED':
    'You have not submitted your medical licence yet. Only verified physicians can read and write in the discussions and answer surveys.',
  'verification.next.UNSUBMITTED':
    'Next step: submit your registration number (RPPS in France, INAMI in Belgium…) with your specialty.',
  'verification.explain.PENDING': 'Your licence has been submitted. An administrator is checking it against the official registry.',
  'verification.next.PENDING': 'Nothing to do for now: discussions and surveys open as soon as it is approved.',
  'verification.explain.VERIFIED':
    'Your licence is verified. You have access to the pseudonymous discussions and to the surveys that target you.',
  'verification.next.VERIFIED': 'Your posts carry your pseudonym and a badge with your specialty and country — never your name.',
  'verification.explain.REJECTED': 'Your licence could not be verified. The reason is given with the decision.',
  'verification.next.REJECTED': 'You can submit a corrected licence; it will replace the previous one.',
  'verification.explain.REVOKED': 'Your verification has been revoked. You no longer have access to discussions or surveys.',
  'verification.next.REVOKED': 'If you think this is a mistake, contact the Consilium team.',

  'field.email': 'E-mail address',
  'field.password': 'Password',
  'field.passwordHint': 'At least 12 characters. A phrase of several words works well.',
  'field.organizationName': 'Organisation name',
  'field.organizationHint': 'Required for client organisations.',

  'login.title': 'Log in',
  'login.heading': 'Log in',
  'login.submit': 'Log in',
  'login.noAccount': 'No account yet?',
  'login.registerLink': 'Create an account',

  'register.title': 'Create an account',
  'register.heading': 'Create an account',
  'register.lead': 'Physicians then submit their licence for verification.',
  'register.role': 'You are',
  'register.rolePhysician': 'A physician',
  'register.rolePhysicianHint': 'To talk with your peers and answer surveys.',
  'register.roleClient': 'A client organisation',
  'register.roleClientHint': 'A public agency or research organisation that commissions surveys.',
  'register.submit': 'Create my account',
  'register.haveAccount': 'Already have an account?',
  'register.loginLink': 'Log in',

  'logout.title': 'Log out',
  'logout.heading': 'Log out',
  'logout.body': 'This ends your session on this device.',
  'logout.submit': 'Log out',

  'reason.required': 'This field is required.',
  'reason.too_long': 'This text is too long.',
  'reason.invalid_email': 'Enter a valid e-mail address, such as name@example.org.',
  'reason.too_short': 'This text is too short.',
  'reason.invalid': 'This value is not valid.',
  'reason.password.too_short': 'The password must be at least 12 characters long.',
  'reason.organizationName.too_short': 'The organisation name must be at least 2 characters long.',
  'reason.common_password': 'This password is too common. Choose one that is harder to guess.',
  'reason.email_taken': 'An account already exists with this e-mail address.',
  'reason.organization_required': 'Enter the name of your organisation.',
  'reason.role_not_allowed': 'Choose “A physician” or “A client organisation”.',
  'reason.invalid_credentials': 'Incorrect e-mail address or password.',

  'error.summary': 'The form has {count, plural, one {one error} other {# errors}}.',
  'error.rateLimited': 'Too many attempts. Try again in {seconds, plural, one {# second} other {# seconds}}.',
  'error.rateLimitedSoon': 'Too many attempts. Try again in a moment.',
  'error.unauthenticated': 'Your session has expired. Please log in again.',
  'error.forbidden': 'You do not have access to this page.',
  'error.unavailable.title': 'Service temporarily unavailable',
  'error.unavailable.body':
    'Consilium cannot reach its server. Nothing is lost: please try again in a few minutes.',
  'error.notFound.title': 'Page not found',
  'error.notFound.body': 'This address does not match any page.',
  'error.generic.title': 'Something went wrong',
  'error.generic.body': 'An unexpected problem prevents us from showing this page. Please try again later.',
  'error.backHome': 'Back to home',
};
