package cn.luohe.grassroots;

import cn.luohe.grassroots.config.EmbeddedServersInitializer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GrassrootsApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(GrassrootsApplication.class);
		// Starts real PostgreSQL and Redis binaries before the context when no external
		// URL is configured, so that `java -jar` works with no configuration at all.
		application.addInitializers(new EmbeddedServersInitializer());
		application.run(args);
	}

}
