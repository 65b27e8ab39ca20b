package cn.luohe.grassroots.wechat.internal;

import cn.luohe.grassroots.wechat.api.ContentSecurity;
import cn.luohe.grassroots.wechat.api.WeChatGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Content security shares the gateway's WxJava service, scheduler and timeout (one thread
 * pool, one HTTP client, one token); without appid and secret it passes texts unchecked
 * (documented: dev runs) and refuses photo submissions.
 */
@Configuration(proxyBeanMethods = false)
class ContentSecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ContentSecurityConfiguration.class);

	@Bean
	ContentSecurity contentSecurity(WeChatGateway gateway, WeChatProperties properties, WeChatPushProperties push) {
		if (!(gateway instanceof WxMaWeChatGateway wxma)) {
			log.warn("WeChat is not configured: texts pass unchecked and photos are cleared unchecked");
			return new WxMaContentSecurity(null, push, properties.appid());
		}
		if (push.token() == null || push.token().isBlank()) {
			log.warn("WECHAT_PUSH_TOKEN is not set: WeChat's media check verdicts cannot be received");
		}
		return new WxMaContentSecurity(wxma, push, properties.appid());
	}

}
