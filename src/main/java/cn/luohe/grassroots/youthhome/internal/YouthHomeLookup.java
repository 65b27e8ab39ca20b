package cn.luohe.grassroots.youthhome.internal;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.youthhome.api.YouthHomeDirectory;
import cn.luohe.grassroots.youthhome.api.YouthHomeRef;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

@Component
class YouthHomeLookup implements YouthHomeDirectory {

	private final DatabaseClient db;

	YouthHomeLookup(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<YouthHomeRef> find(long id) {
		return this.db.sql("SELECT id, name, town_id, status FROM youth_home WHERE id = :id")
			.bind("id", id)
			.map(row -> new YouthHomeRef(Params.required(row.get("id", Long.class)),
					Params.required(row.get("name", String.class)), Params.required(row.get("town_id", Long.class)),
					"ACTIVE".equals(row.get("status", String.class))))
			.one();
	}

}
