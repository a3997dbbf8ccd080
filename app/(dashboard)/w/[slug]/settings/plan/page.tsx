import { redirect } from "next/navigation";

// The plan moved into Credits & Billing. Old links and bookmarks land on its Plan section, with
// whatever they asked for in the query string.
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function PlanPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      query.append(key, one);
    }
  }
  const search = query.toString();
  redirect(`/w/${encodeURIComponent(slug)}/settings/billing${search ? `?${search}` : ""}#plan`);
}
