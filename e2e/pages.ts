import { DEMO } from "./fixtures";

// The app's pages, shared by the specs that walk all of them (accessibility, secrets).
export const WORKSPACE_BASE = `/w/${DEMO.workspace.slug}`;

export const PUBLIC_PAGES = ["/sign-in", "/sign-up", "/pricing", "/docs/api"];

/** Every page of a workspace an owner or admin sees. */
export const WORKSPACE_PAGES = [
  WORKSPACE_BASE,
  `${WORKSPACE_BASE}/analytics`,
  `${WORKSPACE_BASE}/transactions`,
  `${WORKSPACE_BASE}/usage`,
  `${WORKSPACE_BASE}/settings/general`,
  `${WORKSPACE_BASE}/settings/members`,
  `${WORKSPACE_BASE}/settings/audit-log`,
  `${WORKSPACE_BASE}/settings/billing`,
  `${WORKSPACE_BASE}/settings/plan`,
  `${WORKSPACE_BASE}/settings/api-keys`,
  `${WORKSPACE_BASE}/settings/notifications`,
  `${WORKSPACE_BASE}/settings/notifications/email-outbox`,
];

/** The pages a plain member has. */
export const MEMBER_PAGES = [
  WORKSPACE_BASE,
  `${WORKSPACE_BASE}/usage`,
  `${WORKSPACE_BASE}/settings/notifications`,
];
