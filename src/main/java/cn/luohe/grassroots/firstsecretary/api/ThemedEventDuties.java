package cn.luohe.grassroots.firstsecretary.api;

import java.time.YearMonth;
import java.util.List;

import cn.luohe.grassroots.identity.api.Caller;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A first branch secretary's duty of a month: one themed event per village they are bound
 * to, around their county's theme.
 */
public interface ThemedEventDuties {

	/** One item per village the caller is FIRST_SECRETARY of (none otherwise). */
	Mono<List<Village>> villages(Caller caller, YearMonth month);

	record Village(long villageId, String name, @Nullable Theme theme, boolean themedEventLogged) {
	}

	record Theme(long id, String title) {
	}

}
