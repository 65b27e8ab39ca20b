/** The work ledger (附件3 台账): tasks, assignments, progress, flags and supervision. */
@NullMarked
package cn.luohe.grassroots.ledger.web;

import org.jspecify.annotations.NullMarked;
