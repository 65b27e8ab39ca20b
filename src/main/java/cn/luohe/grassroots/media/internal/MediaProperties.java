package cn.luohe.grassroots.media.internal;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Media settings. Public only because Boot binds it.
 *
 * @param dir where the local storage keeps the files (default
 * {@code ${APP_DATA_DIR}/media})
 * @param maxFileSize largest accepted photo
 */
@ConfigurationProperties("app.media")
public record MediaProperties(@DefaultValue("./data/media") Path dir, @DefaultValue("10MB") DataSize maxFileSize) {
}
