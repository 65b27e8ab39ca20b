@org.jspecify.annotations.NullMarked
package cn.luohe.grassroots.forms.internal;
