package dev.observatory.common.error;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies ({@code observatory.http.max-body-size}, default 1MB). A declared length over
 * the cap is refused with a 413 problem before the body is read; a chunked body is counted as it is
 * read and fails with {@link PayloadTooLargeException}, which the exception handler maps to 413.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long limitBytes;

	private final ProblemWriter problemWriter;

	RequestBodyLimitFilter(@Value("${observatory.http.max-body-size:1MB}") DataSize limit,
			ProblemWriter problemWriter) {
		this.limitBytes = limit.toBytes();
		this.problemWriter = problemWriter;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limitBytes) {
			this.problemWriter.write(CommonErrorCode.PAYLOAD_TOO_LARGE,
					"Request body of " + request.getContentLengthLong() + " bytes exceeds the limit of "
							+ this.limitBytes + " bytes",
					request, response);
			return;
		}
		chain.doFilter(new LimitedRequest(request, this.limitBytes), response);
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limitBytes;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limitBytes) {
			super(request);
			this.limitBytes = limitBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.limitBytes);
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limitBytes;

		private long count;

		LimitedInputStream(ServletInputStream delegate, long limitBytes) {
			this.delegate = delegate;
			this.limitBytes = limitBytes;
		}

		@Override
		public int read() throws IOException {
			int read = this.delegate.read();
			if (read >= 0) {
				count(1);
			}
			return read;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int read = this.delegate.read(buffer, offset, length);
			if (read > 0) {
				count(read);
			}
			return read;
		}

		private void count(int bytes) throws PayloadTooLargeException {
			this.count += bytes;
			if (this.count > this.limitBytes) {
				throw new PayloadTooLargeException(this.limitBytes);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
