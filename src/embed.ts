// Script-tag entry (../shared/API.md §0): everything bundled into one module for
// <script type="module" src=".../embed.js">; the panel and the languages are chunks beside it,
// loaded relative to it. It registers the elements; window.LaunchChatWidget comes next (issue 5).
import './elements.js';
