import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";

type Props = {
  /** The usage page's path, without a query. */
  action: string;
  members: { membershipId: string; name: string; email: string }[];
  selected: string;
  ownMembershipId: string;
};

/** For owners and admins: whose usage to show. A GET form, so it works without script. */
export function MemberPicker({ action, members, selected, ownMembershipId }: Props) {
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-2">
      <div>
        <label htmlFor="usage-member" className="block text-sm font-medium text-slate-900 dark:text-white">
          Member
        </label>
        <Select id="usage-member" name="member" defaultValue={selected} className="mt-1.5 min-w-56">
          {members.map((member) => (
            <option key={member.membershipId} value={member.membershipId}>
              {member.membershipId === ownMembershipId ? `${member.name} (you)` : member.name || member.email}
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" variant="secondary">
        Show usage
      </Button>
    </form>
  );
}
