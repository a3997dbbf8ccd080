import { notFound } from "next/navigation";

// Unknown pages inside a workspace get the workspace's own 404 (inside its shell).
export default function UnknownWorkspacePage(): never {
  notFound();
}
