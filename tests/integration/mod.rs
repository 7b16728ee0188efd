mod api_cases;
mod desk_day;
