import type { WidgetRow } from '../db/widgets.js';

/** What middleware hands the routes of the widget API: the widget the request is for. */
export interface WidgetEnv {
  Variables: { widget: WidgetRow };
}
