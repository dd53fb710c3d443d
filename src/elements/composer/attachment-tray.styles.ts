import { css } from 'lit';

/** The chips of the files about to be sent (attachment-tray.ts): in the widget's composer and the console's. */
export const chipStyles = css`
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin: 0 0 8px;
    padding: 0;
    list-style: none;
  }
  .chip {
    display: flex;
    align-items: center;
    gap: 6px;
    max-inline-size: 100%;
    padding-block: 2px;
    padding-inline: 10px 2px;
    border: 1px solid var(--_border-strong);
    border-radius: 999px;
    font-size: 0.85rem;
    color: var(--_text);
  }
  .chip .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .chip .size,
  .chip .state {
    color: var(--_muted);
  }
  .chip .state.failed {
    color: var(--_danger);
  }
  .chip button {
    inline-size: 32px;
    block-size: 32px;
    background: transparent;
    color: var(--_text);
  }
  .chip progress {
    inline-size: 4em;
  }
`;
