/**
 * The demo data every Seam fake starts with. Ids are fixed so an example app can print them and
 * a test can name them. Several are the ids of Seam's own doc examples (seam-create-access-grant.md);
 * `noKeypadDevice` is one of those that is not an RFC 9562 UUID, on purpose: ids are opaque.
 */
export const SEAM_FAKE_SEED = {
  workspaceId: '750fc0bc-4450-4356-8d9f-18c6a3a6b2c7',
  /** API key of `workspaceId`. */
  apiKey: 'seam_fakekey1_5Yx2uQm8RfA3',
  /** Personal access token with access to both workspaces (needs the `seam-workspace` header). */
  personalAccessToken: 'seam_at1_fakepat_Kd93LmZq7Wc1',
  secondWorkspaceId: '0d5e8a4c-7b2f-4c19-9e6a-3f1b2c4d5e6f',
  secondApiKey: 'seam_fakekey2_Hn4Tb6Vw2Ps9',
  acsSystemId: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f',
  devices: {
    /** Smart lock with a keypad: takes PIN codes. */
    frontDoor: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
    /** Smart lock with a keypad in unit 101. */
    unitDoor: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    /** Lock without a keypad: a `code` request on it fails to issue (cannot_create_requested_access_methods). */
    noKeypadDevice: '5f4e3d2c-1b0a-9f8e-7d6c-5b4a3c2d1e0f',
  },
  acsEntrances: {
    lobby: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    garage: '550e8400-e29b-41d4-a716-446655440001',
  },
  spaces: {
    /** Front door + lobby entrance. */
    building: '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
    /** Unit door + garage entrance. */
    unit101: '7f8e9d0a-1b2c-3d4e-5f6a-7b8c9d0e1f2a',
    /** Only the no-keypad device. */
    storage: 'c7d8e9f0-1a2b-4c4d-8e6f-7a8b9c0d1e2f',
    /** A space of the second workspace (invisible to the first). */
    otherWorkspaceOffice: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
  },
  userIdentity: {
    id: 'e3d736c1-540d-4d10-83e5-9a4e135453b4',
    key: 'jane-doe',
    email: 'jane.doe@example.com',
    fullName: 'Jane Doe',
  },
  /** A finished UNLOCK_DOOR action attempt, for actionAttempts.get. */
  actionAttemptId: 'd2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f6a',
} as const;

export const SEAM_FAKE_SEED_CREATED_AT = '2025-06-01T09:00:00.000Z';
