import { Support } from './support';

// A server component: rendered to HTML on the server (here, at build time), with the client
// component below rendered there too and hydrated in the browser.
export default function Page() {
  return <Support />;
}
