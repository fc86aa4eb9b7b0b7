package org.parley.web.room;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Join links ({@code /r/{roomId}?t=...}) open the meeting page, which reads the room and token from its URL. */
@WebServlet("/r/*")
public class RoomPageServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        // The URL carries an invitation: keep it out of Referer headers and shared caches.
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-store");
        request.getRequestDispatcher("/room.html").forward(request, response);
    }
}
