package cn.luohe.grassroots.common.db;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The {@code photo_ids} column every record with photos keeps (visits, activities, themed
 * events, ledger reports, feed events): a photo withdrawn by content security leaves
 * every list it is in, inside the withdrawing transaction. Each feature calls this for
 * its own table; withdrawals are rare (a risky verdict, an admin's removal), so the array
 * is searched without an index.
 */
public final class PhotoLists {

	private PhotoLists() {
	}

	/**
	 * Removes {@code photoId} from {@code table}'s lists; how many rows held it.
	 * @param table a table of the calling feature (a constant, never user input)
	 */
	public static Mono<Long> withdraw(DatabaseClient db, String table, long photoId) {
		return db
			.sql("UPDATE " + table + " SET photo_ids = array_remove(photo_ids, CAST(:photo AS bigint))"
					+ " WHERE photo_ids @> ARRAY[CAST(:photo AS bigint)]")
			.bind("photo", photoId)
			.fetch()
			.rowsUpdated();
	}

}
