/**
 * Web push end to end: a browser subscribes through the API, the worker's delivery sweep pushes
 * to a push service of the test's own, which decrypts the payload with the browser's private key
 * and checks the VAPID signature. The push names no title, body, pseudonym or room.
 */
import { deliverNotificationPushes } from '@consilium/jobs/push-delivery';
import { generateVapidKeys } from '@consilium/jobs/push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postReply, postThread } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { browserSubscription, decryptPush, startPushService, verifyVapid } from '../test/push-service.ts';

const SUBSCRIBE = 'mutation ($i: PushSubscriptionInput!) { subscribePush(input: $i) { id device endpoint } }';
const UNSUBSCRIBE = 'mutation ($e: String, $id: ID) { unsubscribePush(endpoint: $e, id: $id) }';
const DEVICES = '{ myPushDevices { id device endpoint } }';
const FIREFOX = 'Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0';

const vapid = { ...generateVapidKeys(), subject: 'mailto:push-test@consilium.example' };
const silent = { info() {}, warn() {} };
let t: TestApp;
let push: Awaited<ReturnType<typeof startPushService>>;

beforeAll(async () => {
  push = await startPushService();
  t = await createTestApp({ VAPID_PUBLIC_KEY: vapid.publicKey });
});
afterAll(async () => {
  await t.close();
  await push.close();
});

const deliver = () => deliverNotificationPushes(t.db, { vapid: { ...vapid, agent: push.agent }, pseudonymSecret: t.env.PSEUDONYM_SECRET, log: silent, graceMs: 0 });

async function subscribe(token: string, path: string) {
  const browser = browserSubscription(`${push.origin}${path}`);
  const res = await t.gql<{ subscribePush: { id: string; device: string | null } }>(SUBSCRIBE, { i: browser.json }, { token, headers: { 'user-agent': FIREFOX } });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return { browser, device: res.data!.subscribePush };
}

describe('web push', () => {
  it('pushes counts only, encrypted for the browser and signed with the VAPID key', async () => {
    expect((await t.gql('{ pushPublicKey }')).data).toEqual({ pushPublicKey: vapid.publicKey });
    const asker = await t.make.verifiedPhysician();
    const answerer = await t.make.verifiedPhysician({ specialty: 'nephrology', country: 'FR' });
    const { browser, device } = await subscribe(asker.token, '/push/asker');
    expect(device.device).toBe('Firefox on Android');
    expect((await t.gql(DEVICES, {}, { token: asker.token })).data).toEqual({ myPushDevices: [{ id: device.id, device: 'Firefox on Android', endpoint: browser.json.endpoint }] });
    await deliver(); // the first sweep starts the clock

    const thread = await postThread(t, asker.token, { room: 'nephrology', title: 'Zebrafish hyperkalaemia puzzle', body: 'Potassium 7.1 in a marathon runner' });
    await postReply(t, answerer.token, thread.id, 'Quinquina tonic water overdose?');
    await postReply(t, answerer.token, thread.id, 'Check the haemolysed sample');
    const before = await t.db.$queryRaw<{ xmin: string }[]>`SELECT xmin::text FROM push_subscription`;
    expect(await deliver()).toMatchObject({ accounts: 1, sent: 1, gone: 0 });

    expect(push.requests).toHaveLength(1);
    const request = push.requests[0]!;
    expect(request.path).toBe('/push/asker');
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    const { claims, key } = verifyVapid(request.headers.authorization);
    expect(key).toBe(vapid.publicKey);
    expect(claims.aud).toBe(push.origin);
    expect(claims.sub).toBe(vapid.subject);
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
    expect(claims.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);

    const text = decryptPush(request.body, browser);
    // The account registered in French (the default language).
    expect(JSON.parse(text)).toEqual({ title: 'Consilium: 2 nouvelles notifications', body: '2 réponses à vos discussions', url: '/notifications' });
    const pseudonyms = await t.db.pseudonym.findMany({ select: { id: true, handle: true } });
    for (const secret of ['Zebrafish', 'Potassium', 'Quinquina', 'haemolysed', 'nephrology', thread.id, ...pseudonyms.flatMap((p) => [p.id, p.handle])]) {
      expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    // Sending wrote nothing: no row says when this account was pushed to.
    expect(await t.db.$queryRaw<{ xmin: string }[]>`SELECT xmin::text FROM push_subscription`).toEqual(before);

    // Nothing new since: no second push.
    expect(await deliver()).toMatchObject({ accounts: 0, sent: 0 });
    expect(push.requests).toHaveLength(1);
  });

  it('does not push what was already read, nor to an account with no browser subscribed', async () => {
    const asker = await t.make.verifiedPhysician();
    const quiet = await t.make.verifiedPhysician();
    const answerer = await t.make.verifiedPhysician();
    await subscribe(asker.token, '/push/reader');
    await deliver();
    const sent = push.requests.length;
    const read = await postThread(t, asker.token);
    const unsubscribed = await postThread(t, quiet.token);
    await postReply(t, answerer.token, read.id);
    await postReply(t, answerer.token, unsubscribed.id);
    await t.gql('mutation { markNotificationsRead }', {}, { token: asker.token });
    expect(await deliver()).toMatchObject({ accounts: 0, sent: 0 });
    expect(push.requests).toHaveLength(sent);
  });

  it('deletes a subscription the push service says is gone, and keeps pushing to the others', async () => {
    const asker = await t.make.verifiedPhysician();
    const answerer = await t.make.verifiedPhysician();
    const phone = await subscribe(asker.token, '/push/phone');
    const laptop = await subscribe(asker.token, '/push/laptop');
    push.answer('/push/laptop', 410);
    await deliver();
    await postReply(t, answerer.token, (await postThread(t, asker.token)).id);
    expect(await deliver()).toMatchObject({ accounts: 1, sent: 1, gone: 1 });
    const devices = await t.gql<{ myPushDevices: Array<{ id: string }> }>(DEVICES, {}, { token: asker.token });
    expect(devices.data!.myPushDevices.map((d) => d.id)).toEqual([phone.device.id]);
    expect(await t.db.pushSubscription.count({ where: { id: laptop.device.id } })).toBe(0);
  });

  it('lets an account list and remove its own browsers only', async () => {
    const owner = await t.make.verifiedPhysician();
    const other = await t.make.verifiedPhysician();
    const { browser, device } = await subscribe(owner.token, '/push/owned');
    expect((await t.gql(DEVICES, {}, { token: other.token })).data).toEqual({ myPushDevices: [] });
    expect((await t.gql(UNSUBSCRIBE, { e: browser.json.endpoint }, { token: other.token })).data).toEqual({ unsubscribePush: false });
    expect((await t.gql(UNSUBSCRIBE, { id: device.id }, { token: other.token })).data).toEqual({ unsubscribePush: false });
    expect(await t.db.pushSubscription.count({ where: { id: device.id } })).toBe(1);
    expect((await t.gql(UNSUBSCRIBE, { id: device.id }, { token: owner.token })).data).toEqual({ unsubscribePush: true });
    expect(await t.db.pushSubscription.count({ where: { id: device.id } })).toBe(0);
  });

  it('refuses a subscription that is not one a browser could have made', async () => {
    const { token } = await t.make.verifiedPhysician();
    const good = browserSubscription(`${push.origin}/push/x`).json;
    for (const [input, field] of [
      [{ ...good, endpoint: 'ftp://push.example/x' }, 'endpoint'],
      [{ ...good, p256dh: 'short' }, 'p256dh'],
      [{ ...good, auth: '!'.repeat(22) }, 'auth'],
    ] as const) {
      const res = await t.gql(SUBSCRIBE, { i: input }, { token });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await t.db.pushSubscription.count({ where: { endpoint: good.endpoint } })).toBe(0);
  });
});
