package cn.luohe.grassroots.org.web;

import org.jspecify.annotations.Nullable;

/** An org as clients see it. */
record OrgView(long id, String code, String name, String level, @Nullable Long parentId) {
}
