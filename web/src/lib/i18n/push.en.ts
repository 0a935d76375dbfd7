import type { pushFr } from './push.fr.ts';

/** English messages of web push and the installable app: the same keys as `push.fr.ts`. */
export const pushEn: Record<keyof typeof pushFr, string> = {
  'notifications.prefs.title': 'Notification preferences',
  'notifications.prefs.heading': 'Notification preferences',
  'push.heading': 'Notifications on this device',
  'push.intro': 'Get the number of new notifications on this browser, never their content: no title, message or pseudonym goes through your browser’s push service.',
  'push.off': 'Push notifications are not enabled on this server.',
  'push.needsScript': 'Subscribing needs JavaScript and a browser that supports push notifications.',
  'push.unsupported': 'This browser does not support push notifications.',
  'push.denied': 'Notifications are blocked for this site in your browser.',
  'push.subscribe': 'Get notifications on this device',
  'push.unsubscribe': 'Stop them on this device',
  'push.subscribed': 'This device gets your notifications.',
  'push.failed': 'Subscribing did not work. Try again.',
  'push.devices': 'Subscribed devices',
  'push.noDevices': 'No device subscribed.',
  'push.unknownDevice': 'Unknown device',
  'push.thisDevice': '(this device)',
  'push.since': 'since {date}',
  'push.remove': 'Remove',
  'push.removeLabel': 'Remove {device}',
  'push.removed': 'The device will no longer get notifications.',
  'offline.notice': 'Offline copy: this page may be out of date.',
};
