"""Derive ``data/bone_outlines.json`` from the Rajagopal 2016 bone meshes (a dev script).

    .venv/bin/python tools/make_bone_outlines.py [MESH_FOLDER] [--ribs]

MESH_FOLDER defaults to ``../shared/reference/opensim-geometry`` (VTK ``.vtp`` XML files
copied unchanged from opensim-models at commit 20a888b). For each bone and each view angle
the triangles are projected orthographically, merged with shapely into one outline, and
simplified; a second, darker band (the triangles turned away from a light at the upper
front left) gives the outline some relief. Coordinates stay in the bone's own body frame
(pelvis, femur_r, femur_l, torso), so the package can place them by the model's joint
angles. The spine mesh holds every vertebra as its own shell; the shells are split by
connectivity and named by height (L5 is the lowest vertebra, sitting on the sacrum).

Needs shapely (requirements-dev.txt); the course itself reads only the JSON.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MESHES = ROOT.parent / "shared" / "reference" / "opensim-geometry"
OUT = ROOT / "data" / "bone_outlines.json"

# Camera azimuth about the vertical axis: 0 = from the front, 90 = from the right side,
# 180 = from behind. Screen right is (sin a, 0, -cos a); the camera sits along (cos a, 0, sin a).
VIEWS = (0, 30, 60, 90, 120, 150, 180)
UNIT = 1e-4  # stored coordinates are integers in tenths of a millimetre
TOLERANCE = {"default": 4.0, "ribs": 10.0}  # simplification, in UNITs
SHADE_BELOW = 0.35  # Lambert term under which a front-facing triangle is in the shade band
LIGHT = (0.6, 0.7, -0.45)  # (towards camera, up, screen right): from the viewer's upper left
HIP_R = (-0.056276, -0.07849, 0.07726)  # hip_r joint location in the pelvis frame
TORSO = (-0.1007, 0.0815, 0.0)  # back joint location in the pelvis frame
FRAMES = {
    "pelvis": {"parent": None, "origin_in_pelvis_m": [0.0, 0.0, 0.0]},
    "femur_r": {"parent": "pelvis", "origin_in_pelvis_m": list(HIP_R)},
    "femur_l": {"parent": "pelvis", "origin_in_pelvis_m": [HIP_R[0], HIP_R[1], -HIP_R[2]]},
    "torso": {"parent": "pelvis", "origin_in_pelvis_m": list(TORSO)},
}
THORACIC_KEPT = ("T8", "T9", "T10", "T11", "T12")
LUMBAR = ("L1", "L2", "L3", "L4", "L5")


def read_vtp(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Points (n, 3) and triangles (m, 3) of a VTK PolyData XML file (polygons fanned)."""
    piece = ET.parse(path).getroot().find("PolyData/Piece")
    if piece is None:
        raise SystemExit(f"{path}: no PolyData/Piece element")
    points = np.array(piece.find("Points/DataArray").text.split(), float).reshape(-1, 3)
    arrays = {d.get("Name"): d.text or "" for d in piece.find("Polys").findall("DataArray")}
    conn = np.array(arrays["connectivity"].split(), int)
    offsets = np.array(arrays["offsets"].split(), int)
    triangles = []
    for start, end in zip(np.r_[0, offsets[:-1]], offsets):
        idx = conn[start:end]
        triangles += [(idx[0], idx[k], idx[k + 1]) for k in range(1, len(idx) - 1)]
    return points, np.array(triangles)


def shells(points: np.ndarray, triangles: np.ndarray) -> list[np.ndarray]:
    """Triangle index arrays, one per connected shell, ordered from lowest to highest."""
    parent = np.arange(len(points))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for tri in triangles:
        for b in tri[1:]:
            ra, rb = find(tri[0]), find(b)
            if ra != rb:
                parent[ra] = rb
    roots = np.array([find(i) for i in range(len(points))])
    tri_root = roots[triangles[:, 0]]
    groups = [np.flatnonzero(tri_root == r) for r in np.unique(tri_root)]
    return sorted(groups, key=lambda g: points[triangles[g]].reshape(-1, 3)[:, 1].mean())


def screen_axes(azimuth_deg: float) -> tuple[np.ndarray, np.ndarray]:
    a = np.radians(azimuth_deg)
    right = np.array([np.sin(a), 0.0, -np.cos(a)])
    towards_camera = np.array([np.cos(a), 0.0, np.sin(a)])
    return right, towards_camera


def outline(points, triangles, azimuth, tolerance, camera_dir=None):
    """Outline and shade band (shapely geometries, in UNITs) of a triangle set at one view."""
    right, towards = screen_axes(azimuth)
    uv = np.stack([points @ right, points[:, 1]], -1) / UNIT
    tri_uv = uv[triangles]
    area2 = (tri_uv[:, 1, 0] - tri_uv[:, 0, 0]) * (tri_uv[:, 2, 1] - tri_uv[:, 0, 1]) - (
        tri_uv[:, 2, 0] - tri_uv[:, 0, 0]
    ) * (tri_uv[:, 1, 1] - tri_uv[:, 0, 1])
    keep = np.abs(area2) > 1e-6
    polys = [Polygon(t) for t in tri_uv[keep]]
    # grow a hair before the union so touching triangles merge without slivers
    whole = shapely.union_all([p.buffer(0.6, join_style="mitre") for p in polys]).buffer(-0.6)
    whole = whole.simplify(tolerance, preserve_topology=True)
    tri_xyz = points[triangles]
    normals = np.cross(tri_xyz[:, 1] - tri_xyz[:, 0], tri_xyz[:, 2] - tri_xyz[:, 0])
    normals /= np.linalg.norm(normals, axis=1, keepdims=True) + 1e-12
    # mesh winding is not consistent across files: orient each normal towards the camera
    facing = normals @ towards
    normals *= np.where(facing < 0, -1.0, 1.0)[:, None]
    light = LIGHT[0] * towards + LIGHT[1] * np.array([0.0, 1.0, 0.0]) + LIGHT[2] * right
    light /= np.linalg.norm(light)
    lambert = normals @ light
    dark = keep & (lambert < SHADE_BELOW)
    shade = shapely.union_all([Polygon(t).buffer(0.6) for t in tri_uv[dark]]).buffer(-0.6)
    shade = shade.intersection(whole).simplify(tolerance * 1.5, preserve_topology=True)
    depth = float((points @ towards).mean())
    return whole, shade, depth


def rings(geometry, min_area: float) -> list[list[int]]:
    """Flat integer rings [x0, y0, x1, y1, ...] of every polygon and hole, tiny ones dropped."""
    if geometry.is_empty:
        return []
    polys = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    if geometry.geom_type == "GeometryCollection":
        polys = [g for g in geometry.geoms if g.geom_type == "Polygon"]
    out = []
    for poly in polys:
        if poly.area < min_area:
            continue
        for ring in [poly.exterior, *poly.interiors]:
            if Polygon(ring).area < min_area:
                continue
            coords = np.round(np.array(ring.coords)[:-1]).astype(int)
            out.append(coords.ravel().tolist())
    return out


def vertebra_landmarks(points: np.ndarray) -> dict[str, list[float]]:
    """Body centre, front of the body and right transverse-process tip (torso frame, m)."""
    front_x = points[:, 0].max()
    body = points[(points[:, 0] > front_x - 0.03) & (np.abs(points[:, 2]) < 0.02)]
    tip = points[np.argmax(points[:, 2])]
    centre = body.mean(0)
    half_width = float(np.abs(body[:, 2]).max())
    return {
        "body_centre": [round(float(v), 4) for v in centre],
        "body_front": [round(float(front_x), 4), round(float(centre[1]), 4), 0.0],
        "body_side_r": [round(float(centre[0]), 4), round(float(centre[1]), 4), half_width],
        "transverse_tip_r": [round(float(v), 4) for v in tip],
        "top_y": round(float(points[:, 1].max()), 4),
        "bottom_y": round(float(points[:, 1].min()), 4),
    }


def iliac_crest(points: np.ndarray, count: int = 6) -> list[list[float]]:
    """Highest point of the ilium in ``count`` bins from front to back (pelvis frame, m)."""
    upper = points[points[:, 1] > 0.02]
    edges = np.linspace(upper[:, 0].min(), upper[:, 0].max(), count + 1)
    crest = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        part = upper[(upper[:, 0] >= lo) & (upper[:, 0] <= hi)]
        if len(part):
            crest.append([round(float(v), 4) for v in part[np.argmax(part[:, 1])]])
    return crest[::-1]  # front (ASIS end) first


def spine_pieces(points, triangles) -> list[tuple[str, np.ndarray]]:
    """(name, triangle indices) for T8-L5 and the discs between them, by height."""
    groups = shells(points, triangles)
    vertebrae = [g for g in groups if len(np.unique(triangles[g])) > 150]
    discs = [g for g in groups if len(np.unique(triangles[g])) <= 30]
    names = list(reversed(LUMBAR)) + list(reversed(THORACIC_KEPT))
    named = dict(zip(names, vertebrae[: len(names)]))

    def mean_y(g):
        return points[np.unique(triangles[g])][:, 1].mean()

    pieces = [(name, named[name]) for name in (*THORACIC_KEPT, *LUMBAR)]
    ys = {name: mean_y(named[name]) for name in named}
    order = ["S1", *reversed(LUMBAR), *reversed(THORACIC_KEPT)]
    for disc in discs:
        y = mean_y(disc)
        for lower, upper in zip(order[:-1], order[1:]):
            low = ys.get(lower, -1.0)
            if low < y < ys[upper]:
                pieces.append((f"disc_{upper}_{lower}", disc))
                break
    return pieces


def check_levels(spine_points, spine_tris, sacrum_points, named) -> dict[str, float]:
    """L5 must sit just above the sacrum and the psoas origin (the level check)."""
    l5 = spine_points[np.unique(spine_tris[named["L5"]])]
    sacrum_top_in_torso = sacrum_points[:, 1].max() - TORSO[1]
    gap = float(l5[:, 1].min() - sacrum_top_in_torso)
    if not -0.005 < gap < 0.03:
        raise SystemExit(f"level check failed: L5 bottom is {gap * 1000:.0f} mm above the sacrum")
    # the Rajagopal psoas path starts at (-0.0606, 0.062, 0.039) in the pelvis frame:
    # at the lumbosacral junction, below L5's body
    origin_y = 0.062 - TORSO[1]
    widths = {n: float(np.ptp(spine_points[np.unique(spine_tris[named[n]])][:, 2])) for n in named}
    if min(widths[n] for n in LUMBAR) <= widths["T12"]:
        raise SystemExit("level check failed: a 'lumbar' shell is narrower than T12")
    return {
        "l5_above_sacrum_mm": round(gap * 1000, 1),
        "psoas_origin_below_l5_mm": round(float(l5[:, 1].min() - origin_y) * 1000, 1),
    }


def main(folder: Path) -> None:
    meshes = {
        name: read_vtp(folder / f"{name}.vtp")
        for name in ("r_pelvis", "l_pelvis", "sacrum", "l_femur", "hat_spine")
    }
    fine_femur_pts, fine_femur_tris = meshes["l_femur"]
    mirrored = fine_femur_pts * [1, 1, -1]
    spine_pts, spine_tris = meshes["hat_spine"]
    pieces = spine_pieces(spine_pts, spine_tris)
    named = dict(pieces)
    checks = check_levels(spine_pts, spine_tris, meshes["sacrum"][0], named)

    bones = {
        "r_pelvis": ("pelvis", "r_pelvis.vtp", *meshes["r_pelvis"]),
        "l_pelvis": ("pelvis", "l_pelvis.vtp", *meshes["l_pelvis"]),
        "sacrum": ("pelvis", "sacrum.vtp", *meshes["sacrum"]),
        "r_femur": (
            "femur_r",
            "l_femur.vtp mirrored z -> -z (finer than r_femur.vtp)",
            mirrored,
            fine_femur_tris,
        ),
        "l_femur": ("femur_l", "l_femur.vtp", fine_femur_pts, fine_femur_tris),
    }
    for name, tris in pieces:
        bones[name] = (
            "torso",
            f"hat_spine.vtp, connected shell '{name}'",
            spine_pts,
            spine_tris[tris],
        )
    if "--ribs" in sys.argv:  # slow (minutes) and no diagram uses them yet
        ribs_pts, ribs_tris = read_vtp(folder / "hat_ribs_scap.vtp")
        bones["ribs"] = (
            "torso",
            "hat_ribs_scap.vtp (ribs, sternum, scapulae)",
            ribs_pts,
            ribs_tris,
        )

    out_bones = {}
    for name, (frame, source, pts, tris) in bones.items():
        used = np.unique(tris)
        remap = np.full(len(pts), -1)
        remap[used] = np.arange(len(used))
        local_pts, local_tris = pts[used], remap[tris]
        tol = TOLERANCE.get(name, TOLERANCE["default"])
        views = {}
        for az in VIEWS:
            whole, shade, depth = outline(local_pts, local_tris, az, tol)
            views[str(az)] = {
                "outline": rings(whole, 4 * tol * tol),
                "shade": rings(shade, 12 * tol * tol),
                "depth_m": round(depth, 4),
            }
        entry = {"frame": frame, "source": source, "views": views}
        if name in (*THORACIC_KEPT, *LUMBAR):
            entry["landmarks_m"] = vertebra_landmarks(local_pts)
        if name == "r_pelvis":
            entry["landmarks_m"] = {"iliac_crest": iliac_crest(local_pts)}
        out_bones[name] = entry
        print(f"{name:14s} {sum(len(r) for v in views.values() for r in v['outline']) // 2} points")

    data = {
        "about": (
            "Bone outlines of the Rajagopal et al. (2016) OpenSim model, projected "
            "orthographically about the vertical axis and merged per bone by "
            "tools/make_bone_outlines.py. Each ring is a flat list x0, y0, x1, y1 ... of "
            "integers in units of 'unit_m' in the bone's frame: x = screen right for that "
            "view (the frame's (sin a, 0, -cos a) axis), y = up. Rings after the first of a "
            "polygon are holes (draw with fill-rule evenodd)."
        ),
        "provenance": {
            "source": "opensim-org/opensim-models at commit 20a888b: Models/Rajagopal/Geometry/"
            "{r_pelvis,l_pelvis,sacrum,l_femur}.vtp and Geometry/hat_spine.vtp "
            "(the files Rajagopal2016.osim uses; ribs from hat_ribs_scap.vtp only with --ribs)",
            "model": "Rajagopal AS, Dembia CL, DeMers MS, Delp DD, Hicks JL, Delp SL. "
            "Full-body musculoskeletal model for muscle-driven simulation of human gait. "
            "IEEE Trans Biomed Eng 2016;63(10):2068-2079",
            "licence": "hat_spine.vtp (and hat_ribs_scap.vtp) are the meshes of the gait2392 "
            "model family, whose model file credits release it under CC BY 3.0; the Rajagopal "
            "geometry folder carries no licence text of its own. These derived outlines keep "
            "their sources' terms; attribute Rajagopal et al. 2016 and OpenSim.",
            "frames": "pelvis = model root (x forward, y up, z right); femur_r/femur_l origin "
            "at the hip joint centre; torso origin at the back joint. The spine is kept at the "
            "model's neutral lumbar angle (lumbar_extension = 0): the course moves the psoas "
            "path with the pelvis, not with the torso.",
            "levels": "hat_spine.vtp split into connected shells; vertebrae named by height "
            "from L5, the lowest, which sits on the sacrum; T12 is the first shell with "
            "narrower transverse processes. Checks: " + json.dumps(checks),
            "script": "tools/make_bone_outlines.py",
        },
        "unit_m": UNIT,
        "views_deg": list(VIEWS),
        "view_names": {
            "0": "front",
            "30": "front oblique",
            "60": "oblique",
            "90": "right side",
            "120": "back oblique",
            "150": "back oblique",
            "180": "back",
        },
        "frames": FRAMES,
        "bones": out_bones,
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KB); checks {checks}")


if __name__ == "__main__":
    folders = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(Path(folders[0]) if folders else DEFAULT_MESHES)
