package cn.luohe.grassroots.org.api;

import org.jspecify.annotations.Nullable;

/** An org with its town and county-level ancestors (itself where it is one). */
public record OrgLineage(Org org, @Nullable Org town, @Nullable Org county) {
}
