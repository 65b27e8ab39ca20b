package cn.luohe.grassroots.config;

import java.util.Map;

import cn.luohe.grassroots.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Repository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repositories are called directly, with no exception-translation proxy in front of
 * each (their methods return Mono/Flux, whose errors such a proxy never sees; the setting
 * changed its name in Boot 4 and the old one was silently ignored).
 */
@IntegrationTest
class PlainRepositoriesTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void shouldCallEveryRepositoryWithoutAProxy() {
		Map<String, Object> repositories = this.context.getBeansWithAnnotation(Repository.class);
		assertThat(repositories).hasSizeGreaterThan(20);
		assertThat(repositories).allSatisfy((name, bean) -> assertThat(AopUtils.isAopProxy(bean)).as(name).isFalse());
	}

}
