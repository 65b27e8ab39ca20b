@NullMarked
package cn.luohe.grassroots.place.web;

import org.jspecify.annotations.NullMarked;
