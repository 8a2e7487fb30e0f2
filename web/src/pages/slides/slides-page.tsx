// PLACEHOLDER — being built; replaced before this lands.
export default function Placeholder() {
  return <p>…</p>;
}
