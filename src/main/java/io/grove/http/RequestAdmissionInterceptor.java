package io.grove.http;

import io.grove.admission.AdmissionController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Admits each prediction request before its body is read and releases it once answered
 * ({@link AdmissionController#enterRequest()}). An interceptor rather than a servlet filter so
 * that a refusal goes through the error policy of the front end that owns the route (problem+json
 * for the native API, {@code {"error"}} for the inference protocol).
 */
class RequestAdmissionInterceptor implements HandlerInterceptor {

    private static final String ADMITTED = RequestAdmissionInterceptor.class.getName() + ".admitted";
    private final AdmissionController admission;

    RequestAdmissionInterceptor(AdmissionController admission) {
        this.admission = admission;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        admission.enterRequest();
        request.setAttribute(ADMITTED, Boolean.TRUE);
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (request.getAttribute(ADMITTED) != null) {
            request.removeAttribute(ADMITTED);
            admission.exitRequest();
        }
    }
}
