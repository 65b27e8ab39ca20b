package cn.luohe.grassroots.mymonth.web;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.mymonth.internal.MyMonthService;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's duties of the current month: the mini-program's home screen, one round
 * trip.
 */
@RestController
class MyMonthController {

	private final MyMonthService months;

	MyMonthController(MyMonthService months) {
		this.months = months;
	}

	@GetMapping("/api/v1/me/month")
	Mono<MyMonthViews.MonthView> month(Caller caller) {
		return this.months.of(caller).map(MyMonthViews::of);
	}

}
