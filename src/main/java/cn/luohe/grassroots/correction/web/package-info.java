@NullMarked
package cn.luohe.grassroots.correction.web;

import org.jspecify.annotations.NullMarked;
