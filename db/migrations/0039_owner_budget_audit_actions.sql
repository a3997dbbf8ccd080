ALTER TYPE "public"."audit_action" ADD VALUE 'member.top_up_changed' BEFORE 'invitation.created';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'workspace.member_defaults_changed' BEFORE 'plan.changed';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'api_key.budget_changed' BEFORE 'webhook.updated';