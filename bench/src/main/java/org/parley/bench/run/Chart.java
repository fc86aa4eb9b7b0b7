package org.parley.bench.run;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** Two fan-out panels drawn with Java2D: server CPU and p99 delay against subscribers, one line per system. */
final class Chart {

    private static final int W = 1400;
    private static final int H = 560;
    private static final Map<String, Color> COLORS = Map.of("Parley", new Color(0xD62728), "Janus",
            new Color(0x1F77B4), "UDP relay", new Color(0x2CA02C), "SRTP relay", new Color(0xFF7F0E));

    private Chart() {}

    static void write(List<Result> results, Path png) throws IOException {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        // A step where nothing was forwarded has no CPU or delay worth drawing (the table still shows it).
        List<Result> fanout = results.stream().filter(r -> r.scenario().kind() == Scenario.Kind.FANOUT)
                .filter(r -> r.packetsPerSecond() > 0).toList();
        panel(g, fanout, 0, "Server CPU, % of one core (fan-out)", Result::serverCpuPercent);
        panel(g, fanout, W / 2, "Delay p99 through the server, ms (fan-out)", Result::p99Millis);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void panel(Graphics2D g, List<Result> results, int x0, String title, ToDoubleFunction<Result> y) {
        int left = x0 + 80;
        int right = x0 + W / 2 - 30;
        int top = 60;
        int bottom = H - 70;
        double maxX = results.stream().mapToInt(r -> r.scenario().size()).max().orElse(1);
        double maxY = results.stream().mapToDouble(y).filter(Double::isFinite).max().orElse(1) * 1.1;
        maxY = maxY <= 0 ? 1 : maxY;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, left, 35);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        for (int i = 0; i <= 5; i++) {
            int py = bottom - (bottom - top) * i / 5;
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(left + 1, py, right, py);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.1f", maxY * i / 5), left - 60, py + 4);
            int px = left + (right - left) * i / 5;
            g.drawString(String.format(Locale.ROOT, "%.0f", maxX * i / 5), px - 10, bottom + 18);
        }
        g.drawString("subscribers", (left + right) / 2 - 30, bottom + 40);
        Map<String, List<Result>> bySystem = new LinkedHashMap<>();
        results.forEach(r -> bySystem.computeIfAbsent(r.system(), k -> new java.util.ArrayList<>()).add(r));
        int legend = 0;
        for (Map.Entry<String, List<Result>> e : bySystem.entrySet()) {
            g.setColor(COLORS.getOrDefault(e.getKey(), Color.GRAY));
            g.setStroke(new BasicStroke(2.5f));
            int px = -1;
            int py = -1;
            for (Result r : e.getValue()) {
                double v = y.applyAsDouble(r);
                if (!Double.isFinite(v)) {
                    continue;
                }
                int nx = left + (int) ((right - left) * r.scenario().size() / maxX);
                int ny = bottom - (int) ((bottom - top) * v / maxY);
                g.fillOval(nx - 4, ny - 4, 8, 8);
                if (px >= 0) {
                    g.drawLine(px, py, nx, ny);
                }
                px = nx;
                py = ny;
            }
            g.fillRect(left + 20, top + 10 + legend * 20, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), left + 40, top + 20 + legend * 20);
            legend++;
        }
    }
}
