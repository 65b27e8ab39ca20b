package cn.luohe.grassroots.feed.internal;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FeedScopeTests {

	@Test
	void shouldKeepOnlyTheOutermostOfNestedBindings() {
		FeedScope scope = FeedScope
			.of(List.of("/4111/411121/411121100/", "/4111/411122/", "/4111/411121/", "/4111/411121/"));

		assertThat(scope.prefixes()).containsExactlyInAnyOrder("/4111/411121/", "/4111/411122/");
	}

	@Test
	void shouldCoverTheSubtreesOnly() {
		FeedScope wuyang = FeedScope.of(List.of("/4111/411121/"));

		assertThat(wuyang.covers("/4111/411121/")).isTrue();
		assertThat(wuyang.covers("/4111/411121/411121100/411121100201/")).isTrue();
		assertThat(wuyang.covers("/4111/411122/411122001/")).isFalse();
		assertThat(wuyang.covers("/4111/")).isFalse();
	}

	@Test
	void shouldRefuseAnEmptyScope() {
		assertThatIllegalArgumentException().isThrownBy(() -> FeedScope.of(List.of()));
	}

}
