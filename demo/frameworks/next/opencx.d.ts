// Teaches TypeScript the attributes, properties and events of <opencx-chat> and <opencx-trigger>.
import type { CustomElements } from '@opencx/widget/jsx';

declare module 'react' {
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends CustomElements {}
  }
}
