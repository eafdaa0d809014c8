/** Fills a fresh state with the demo data of `SEAM_FAKE_SEED`. */
import { SEAM_FAKE_SEED as S, SEAM_FAKE_SEED_CREATED_AT as AT } from './seed.js';
import type { SeamFakeState } from './state.js';

export function seedState(state: SeamFakeState): void {
  state.workspaces.set(S.workspaceId, { workspace_id: S.workspaceId, name: 'Demo Workspace' });
  state.workspaces.set(S.secondWorkspaceId, { workspace_id: S.secondWorkspaceId, name: 'Other Workspace' });
  state.apiKeys.set(S.apiKey, S.workspaceId);
  state.apiKeys.set(S.secondApiKey, S.secondWorkspaceId);
  state.personalAccessTokens.set(S.personalAccessToken, new Set([S.workspaceId, S.secondWorkspaceId]));

  const ws = S.workspaceId;
  state.devices.set(S.devices.frontDoor, { device_id: S.devices.frontDoor, workspace_id: ws, name: 'Front Door', can_program_codes: true });
  state.devices.set(S.devices.unitDoor, { device_id: S.devices.unitDoor, workspace_id: ws, name: 'Unit 101 Door', can_program_codes: true });
  state.devices.set(S.devices.noKeypadDevice, { device_id: S.devices.noKeypadDevice, workspace_id: ws, name: 'Storage Lock (no keypad)', can_program_codes: false });
  for (const [name, id] of [['Lobby', S.acsEntrances.lobby], ['Garage', S.acsEntrances.garage]] as const) {
    state.acsEntrances.set(id, { acs_entrance_id: id, workspace_id: ws, acs_system_id: S.acsSystemId, display_name: name });
  }

  const space = (space_id: string, workspace_id: string, name: string, space_key: string, device_ids: string[], acs_entrance_ids: string[]) =>
    state.spaces.set(space_id, { space_id, workspace_id, name, space_key, created_at: AT, device_ids, acs_entrance_ids });
  space(S.spaces.building, ws, 'Building', 'building', [S.devices.frontDoor], [S.acsEntrances.lobby]);
  space(S.spaces.unit101, ws, 'Unit 101', 'unit-101', [S.devices.unitDoor], [S.acsEntrances.garage]);
  space(S.spaces.storage, ws, 'Storage', 'storage', [S.devices.noKeypadDevice], []);
  space(S.spaces.otherWorkspaceOffice, S.secondWorkspaceId, 'Office', 'office', [], []);

  const u = S.userIdentity;
  state.userIdentities.set(u.id, {
    user_identity_id: u.id,
    workspace_id: ws,
    user_identity_key: u.key,
    email_address: u.email,
    phone_number: '+15555550100',
    full_name: u.fullName,
    created_at: AT,
  });
  state.actionAttempts.set(S.actionAttemptId, {
    action_attempt_id: S.actionAttemptId,
    workspace_id: ws,
    action_type: 'UNLOCK_DOOR',
    status: 'success',
    result: { was_confirmed_by_device: true },
    error: null,
  });
}
