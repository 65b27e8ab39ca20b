package cn.luohe.grassroots.correction.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of every {@code POST …/void}: why the record is voided. */
public record ReasonRequest(@NotBlank @Size(max = 500) String reason) {

	public String stripped() {
		return this.reason.strip();
	}

}
