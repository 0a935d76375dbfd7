import type { secondFactorFr } from './second-factor.fr.ts';

/** English messages of two-step sign-in (TOTP, recovery codes, step-up); the same keys as `second-factor.fr.ts`. */
export const secondFactorEn: Record<keyof typeof secondFactorFr, string> = {
  'login.code': 'Verification code',
  'login.codeHint': 'The 6 digits your authenticator app shows, or a recovery code.',
  'login.codeRequired': 'This account has two-step sign-in: enter the code of your authenticator app.',
  'login.codeInvalid': 'This code is wrong or was already used. Enter the code shown now, or a recovery code.',
  'factor.title': 'Two-step sign-in',
  'factor.heading': 'Two-step sign-in',
  'factor.intro':
    'An authenticator app (on your phone) gives a 6-digit code that changes every 30 seconds. Asked for after your password when you sign in, it protects your account even if your password is known.',
  'factor.required':
    'Administrators must sign in with a second factor. Set up an authenticator app below: the administration pages open once it is done.',
  'factor.enabled': 'An authenticator app is set up.',
  'factor.disabled': 'No authenticator app is set up.',
  'factor.recoveryLeft': 'Unused recovery codes: {count}.',
  'factor.start': 'Set up an authenticator app',
  'factor.scan': 'Scan this QR code with your authenticator app (or type the key in by hand), then enter the 6-digit code it shows.',
  'factor.qrAlt': 'QR code to scan with your authenticator app',
  'factor.secret': 'Key to type in by hand',
  'factor.code': '6-digit code',
  'factor.confirm': 'Turn on',
  'factor.codesHeading': 'Your recovery codes',
  'factor.codesIntro':
    'If you lose your phone, each of these codes stands in once for the app’s code. Keep them offline: they will not be shown again.',
  'factor.regenerateHeading': 'New recovery codes',
  'factor.regenerate': 'Make new codes',
  'factor.regenerateHint': 'The old codes will stop working.',
  'factor.removeHeading': 'Remove the app',
  'factor.remove': 'Remove the authenticator app',
  'factor.appCode': 'Code of the app, or a recovery code',
  'factor.password': 'Password',
  'factor.done.enrolled': 'Two-step sign-in is on.',
  'factor.done.removed': 'The authenticator app was removed.',
  'factor.link': 'Two-step sign-in',
  'stepUp.title': 'Confirm it is you',
  'stepUp.heading': 'Confirm it is you',
  'stepUp.intro':
    'This administration action needs a recent confirmation: enter your password and a code again, then you come back to the action. The confirmation lasts a few minutes.',
  'stepUp.submit': 'Confirm',
  'stepUp.again': 'Thank you: it is you. The action has not been done yet — it is ready below, do it now.',
};
