import type { resumeFr } from './resume.fr.ts';

/** English messages of coming back to an opened survey (see resume.fr.ts). */
export const resumeEn: Record<keyof typeof resumeFr, string> = {
  'resume.code.title': 'Continue on another device',
  'resume.code.lead':
    'Write it down to finish the survey from another browser you sign in on (this one keeps it until you answer). Consilium does not know it and cannot give it to you again.',
  'resume.code.label': 'Resume code',
  'resume.form.title': 'Resume this survey',
  'resume.form.lead':
    'You opened this survey in another browser or on another device. Enter the resume code shown then: your anonymous ticket is rebuilt here, in your browser, without Consilium seeing it.',
  'resume.form.label': 'Resume code',
  'resume.form.hint': '20 characters, letters and digits; dashes and spaces are optional.',
  'resume.form.submit': 'Resume the survey',
  'resume.form.opening': 'Opening…',
  'resume.form.lost': 'Lost the code? Open the survey in the browser where you started it: it is still there, with its code.',
  'resume.problem.format': 'A resume code has 20 characters, letters and digits (for example 7KQ2-M9XD-0R4T-HV8B-E1CZ).',
  'resume.problem.wrongCode': 'This code does not open this survey. Check it: each survey has its own code.',
  'resume.problem.crypto': 'Your browser could not check the rebuilt ticket against the survey’s published key. Contact us if this happens again.',
  'inbox.opened.title': 'Opened surveys',
  'inbox.opened.lead': 'You opened these surveys and have not been paid for them yet: resume them from any tab.',
  'inbox.opened.state': 'Opened',
  'inbox.opened.resume': 'Resume the survey',
  'inbox.opened.answered': 'Answered from this browser: your honorarium will be credited.',
  'inbox.opened.note': 'On another device: sign in, open the survey and enter the resume code shown when you opened it.',
};
