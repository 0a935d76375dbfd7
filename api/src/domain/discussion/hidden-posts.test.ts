import { describe, expect, it } from 'vitest';
import type { StaffRole, Viewer } from '../sessions.ts';
import { seesHiddenPosts } from './hidden-posts.ts';

const viewer = (role: Viewer['role'], staffRoles: StaffRole[] = [], secondFactor = true): Viewer => ({
  accountId: 'a', sessionId: 's', role, organizationId: null, verification: role === 'PHYSICIAN' ? 'VERIFIED' : null, secondFactor, emailConfirmed: true, staffRoles, credential: null,
});

describe('seesHiddenPosts', () => {
  it('opens what moderation hid to moderators with a second factor only', () => {
    expect(seesHiddenPosts(viewer('ADMIN', ['MODERATOR']))).toBe(true);
    expect(seesHiddenPosts(viewer('ADMIN', ['VERIFIER', 'MODERATOR', 'REVIEWER', 'FINANCE', 'OWNER']))).toBe(true);
    // Another role, or the moderator's password alone, reads what members read.
    expect(seesHiddenPosts(viewer('ADMIN', ['VERIFIER', 'REVIEWER', 'FINANCE', 'OWNER']))).toBe(false);
    expect(seesHiddenPosts(viewer('ADMIN', ['MODERATOR'], false))).toBe(false);
    expect(seesHiddenPosts(viewer('PHYSICIAN'))).toBe(false);
    expect(seesHiddenPosts(viewer('CLIENT'))).toBe(false);
    expect(seesHiddenPosts(null)).toBe(false);
  });
});
