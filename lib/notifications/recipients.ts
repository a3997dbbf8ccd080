// Which events a role can get, as the preferences page lists them and the email choice action checks
// them (the database's cp_event_recipients decides who actually gets each one).
import type { CreditEventType, MemberRole } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { CREDIT_EVENT_TYPES, OWN_LIMIT_EVENT_TYPES } from "./messages";

/** Everyone: the events about their own limit; owners and admins: every event. */
export function emailTypesFor(role: MemberRole): readonly CreditEventType[] {
  return can(role, "credit-events:receive") ? CREDIT_EVENT_TYPES : OWN_LIMIT_EVENT_TYPES;
}
