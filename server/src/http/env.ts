import type { WidgetRow } from '../db/widgets.js';
import type { Visitor } from './visitor.js';

/** What middleware hands the routes of the widget API: the widget the request is for. */
export interface WidgetEnv {
  Variables: { widget: WidgetRow };
}

/** And, on the routes of a visitor (http/visitor.ts), who the visitor is. */
export interface VisitorEnv {
  Variables: { widget: WidgetRow; visitor: Visitor };
}
