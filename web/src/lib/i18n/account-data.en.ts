import type { accountDataFr } from './account-data.fr.ts';

/** English messages of the account page's sessions and data rights (#14, points 3 and 4). */
export const accountDataEn: Record<keyof typeof accountDataFr, string> = {
  'sessions.title': 'Signed-in devices',
  'sessions.lead':
    'Every sign-in open on your account. Consilium keeps only the kind of browser and system, and the days (never the time or the address).',
  'sessions.device.unknown': 'Unidentified device',
  'sessions.current': 'This device',
  'sessions.openedOn': 'Opened on {day}',
  'sessions.lastUsedOn': 'Last used on {day}',
  'sessions.end': 'Sign out',
  'sessions.endLabel': 'Sign out {device}, opened on {day}',
  'sessions.ended': 'That device has been signed out.',
  'sessions.failed': 'That sign-in could not be ended: it may have ended already. The list is up to date.',
  'sessions.endAll': 'Sign out all devices',
  'sessions.endAllQuestion': 'Sign out all your devices, this one included?',
  'sessions.endAllYes': 'Yes, all of them',
  'dataRights.title': 'Your data',
  'dataRights.export.lead':
    'Download everything Consilium holds on your account (a JSON file): account, licence, sign-ins, honoraria and, computed just now for you alone, your pseudonymous posts, votes and bookmarks. The file is not kept anywhere.',
  'dataRights.export.button': 'Download my data',
  'dataRights.delete.title': 'Delete my account',
  'dataRights.delete.lead': 'Before you confirm, this is what happens:',
  'dataRights.delete.posts':
    'Your pseudonymous posts and votes stay in the discussions, but nothing ties them to you any more: the link is destroyed forever and cannot be restored, not even by Consilium. You will no longer be able to edit or delete them.',
  'dataRights.delete.credential': 'Your licence is freed: it can be verified again for a new account.',
  'dataRights.delete.honoraria':
    'Your honoraria ledger is kept, as the law requires for payments, but without your e-mail address or anything that names you.',
  'dataRights.delete.sessions': 'All your devices are signed out. Deletion is final.',
  'dataRights.delete.password': 'Your password, to confirm',
  'dataRights.delete.submit': 'Delete my account for good',
  'dataRights.delete.wrongPassword': 'That password is not the right one: nothing was deleted.',
  'dataRights.delete.notPhysician': 'A client account belongs to its organisation (surveys, invoices): write to us to close it.',
  'dataRights.deleted': 'Your account has been deleted. Your posts remain, with no link to you.',
};
